"""`napishy web`: the operator console over HTTP, on loopback unless TLS or a TLS proxy is in front."""

from __future__ import annotations

import argparse
import ipaddress

from foundation.errors import NapishyError
from napishy.context import load_app, load_settings

DEFAULT_PORT = 8421


class WebError(NapishyError):
    """Raised when `napishy web` would expose the console unsafely or cannot start."""

    exit_code = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    web = subparsers.add_parser("web", help="the operator web console (loopback; reach it over SSH)")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    web.add_argument("--behind-proxy", action="store_true",
                     help="a TLS reverse proxy on this host forwards to us: allow any address, mark cookies Secure")
    web.set_defaults(handler=serve)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, *, tls: bool, behind_proxy: bool) -> None:
    """Passwords and letters must not cross a network in the clear."""
    if not is_loopback(host) and not tls and not behind_proxy:
        raise WebError(f"refusing to serve plain HTTP on {host}: set NAPISHY_WEB_TLS_CERT and NAPISHY_WEB_TLS_KEY,"
                       " run behind a TLS proxy with --behind-proxy, or keep 127.0.0.1 and use an SSH tunnel")


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def served_hosts(host: str, configured: tuple[str, ...], *, behind_proxy: bool) -> tuple[str, ...]:
    """The Host names the console answers to: where it listens, plus NAPISHY_WEB_HOSTS."""
    if behind_proxy and not configured:
        raise WebError("--behind-proxy needs NAPISHY_WEB_HOSTS: the host names the proxy serves")
    own = LOOPBACK_NAMES if is_loopback(host) else (host,)
    return (*own, *configured)


def address(host: str, port: int, *, tls: bool) -> str:
    """The URL to open; an IPv6 literal needs brackets."""
    shown = f"[{host}]" if ":" in host else host
    return f"{'https' if tls else 'http'}://{shown}:{port}/"


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from napishy.web.app import create_app
    from processors.accounts import count_users

    if not 1 <= args.port <= 65535:
        raise WebError(f"--port {args.port} is not a port number")
    settings = load_settings(args)
    tls = settings.web_tls_cert is not None and settings.web_tls_key is not None
    check_exposure(args.host, tls=tls, behind_proxy=args.behind_proxy)
    for path in (settings.web_tls_cert, settings.web_tls_key):
        if path is not None and not path.is_file():
            raise WebError(f"TLS file {path} does not exist")
    app = load_app(args)
    if count_users(app.database) == 0:
        raise WebError("no web accounts yet: create one with `napishy users add NAME --role operator`")
    web = create_app(app, secure=tls or args.behind_proxy, hosts=served_hosts(args.host, settings.web_hosts,
                                                                               behind_proxy=args.behind_proxy))
    # Printed, not logged: the log masks addresses, and this one is the operator's own.
    print(f"napishy web: serving on {address(args.host, args.port, tls=tls)}  (Ctrl-C stops it)", flush=True)
    uvicorn.run(
        web, host=args.host, port=args.port,
        access_log=False,  # an access log is a list of who visited when, from where
        log_config=None,  # keep napishy's masking log handler instead of uvicorn's own
        server_header=False, date_header=False,
        proxy_headers=args.behind_proxy, forwarded_allow_ips="127.0.0.1,::1" if args.behind_proxy else None,
        ssl_certfile=str(settings.web_tls_cert) if tls else None,
        ssl_keyfile=str(settings.web_tls_key) if tls else None,
    )
    return 0
