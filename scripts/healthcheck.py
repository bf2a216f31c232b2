"""Container healthcheck for the web service: GET /healthz on the local gunicorn.

Exits 0 when the portal answers 200 (database and broker reachable), 1 otherwise. Standard
library only, so the slim image needs no curl. The request carries the first host of
DJANGO_ALLOWED_HOSTS and X-Forwarded-Proto: https, as the reverse proxy would send it, so that
neither ALLOWED_HOSTS nor SECURE_SSL_REDIRECT turns it away.
"""

import http.client
import os
import sys


def main() -> int:
    hosts = [h.strip().lstrip(".") for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
    host = next((h for h in hosts if h and h != "*"), "localhost")
    port = int(os.environ.get("PORT", "8000"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        body = response.read(500).decode(errors="replace")
    except OSError as error:
        print(f"healthz unreachable: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    print(response.status, body)
    return 0 if response.status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
