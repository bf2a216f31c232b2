"""System checks of the deployment that Django's own ``check --deploy`` does not know about."""

from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


def _is_loopback(host: str) -> bool:
    if host in {"localhost", ""} or host.endswith(".localhost"):
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """SITE_URL is printed into every certificate's QR code and every notification's link: in production a
    loopback or plain-HTTP address would send every scan of a printed certificate nowhere."""
    parts = urlsplit(settings.SITE_URL)
    if _is_loopback(parts.hostname or ""):
        return [
            Error(
                f"SITE_URL 为本机地址（{settings.SITE_URL}），证书二维码和通知链接将无法从外部打开。",
                hint="设置环境变量 SITE_URL 为门户对外的 https 地址，如 https://portal.example.gov.cn",
                id="core.E001",
            )
        ]
    if parts.scheme != "https":
        return [
            Error(
                f"SITE_URL 不是 https 地址（{settings.SITE_URL}）。",
                hint="正式环境的证书二维码应指向 https 地址。",
                id="core.E002",
            )
        ]
    return []
