from django import forms
from django.contrib.auth.forms import AuthenticationForm


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="数据文件",
        help_text="请使用下载的模板填写，支持 .xlsx 或 .csv；整个文件全部校验通过后才会写入。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（区分大小写）。",
        "inactive": "该账号已停用，请联系管理员。",
    }
