"""The OpenAPI schema states the error answers the API really gives, beside the successful one."""

from drf_spectacular import openapi

ERROR = {
    "type": "object",
    "description": '{"detail": 原因} 或 {字段名: [原因, …]}，原因为中文',
    "additionalProperties": {},
}
ERRORS = {
    "400": "请求有误：查询参数或提交的数据不合规（逐项说明原因）",
    "401": "未登录、Token 无效或已失效",
    "403": "无权执行此操作",
    "404": "记录（路径或提交的数据中所指）不存在或不在您的权限范围内，两者答复相同；列表的页码超出范围",
    "429": "请求过于频繁，请稍后再试",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus each operation's error answers: 400 where it reads parameters or a body, 404
    where it names a record (in its path or body) or pages a list, 401/403 where it needs a signed-in user, 429 where
    it is throttled."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = []
        has_body = self.method != "GET"
        if has_body or any(p["in"] == "query" for p in self._get_parameters()):
            codes.append("400")
        if self.view.get_authenticators() and self.view.get_permissions():
            codes += ["401", "403"]
        # A record named in the path or the body, or a page of a list beyond its end.
        if "{" in self.path or self._is_list_view() or has_body:
            codes.append("404")
        if self.view.get_throttles():
            codes.append("429")
        for code in codes:
            responses.setdefault(
                code, {"description": ERRORS[code], "content": {"application/json": {"schema": ERROR}}}
            )
        return responses
