"""HTML to PDF through WeasyPrint (a maintained HTML/CSS renderer; Debian's pango underneath)."""

from __future__ import annotations


def pdf_from_html(html: str, base_url: str | None = None) -> bytes:
    """The PDF of HTML. Stylesheets and images are resolved against BASE_URL (a folder path or URL).

    Nothing is fetched from the network: only file: and data: resources are read.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
