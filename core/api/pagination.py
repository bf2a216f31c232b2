from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Page-number pagination; clients may ask for up to 500 rows a page (more is cut to 500)."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        # DRF would quietly fall back to the default on page_size=null or 0: the client should learn its mistake.
        value = request.query_params.get(self.page_size_query_param)
        if value is not None and not (value.isascii() and value.isdigit() and int(value) >= 1):
            raise ValidationError({self.page_size_query_param: [f"每页条数应为 1 至 {self.max_page_size} 的整数。"]})
        return super().get_page_size(request)
