"""Accessible PDFs (PDF/UA-1: tagged structure, document language and title, embedded fonts) from
our HTML templates, rendered by WeasyPrint.

Rendering reads local files only: the URL fetcher refuses every scheme but file:// (and, when a list
is given, every file not on it), so a document never reaches the network whatever its values
contain. The house style is templates/pdf/pdf.css with Titillium Web, the typeface of Italian public
administration, which ships with the design system.
"""

import atexit
import gc
import importlib.util
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

_THEME = importlib.util.find_spec("bootstrap_italia_template")
FONTS_DIR = (
    Path(_THEME.origin or "").resolve().parent / "static" / "fonts" / "Titillium_Web"
    if _THEME is not None
    else Path()
)
PDF_DIR = Path(settings.BASE_DIR) / "ptp" / "templates" / "pdf"
FONT_FACES = {
    (400, "normal"): "regular",
    (600, "normal"): "600",
    (700, "normal"): "700",
    (400, "italic"): "italic",
}


def font_url(name: str) -> str:
    return (FONTS_DIR / f"titillium-web-v10-latin-ext_latin-{name}.woff2").as_uri()


def font_faces() -> list[tuple[int, str, str]]:
    """(weight, style, file URL) of the house typeface's faces that are installed."""
    return [
        (weight, style, font_url(name))
        for (weight, style), name in FONT_FACES.items()
        if (FONTS_DIR / f"titillium-web-v10-latin-ext_latin-{name}.woff2").is_file()
    ]


def local_files_only(allowed: Iterable[str] | None = None) -> Any:
    """A WeasyPrint URL fetcher for file:// URLs only (and only those listed, when a list is given)."""
    return _fetcher(frozenset(allowed) if allowed is not None else None)


@cache
def _fetcher(only: frozenset[str] | None) -> Any:
    # Made once per list of files: building a fetcher costs tens of milliseconds.
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class LocalFilesOnly(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            if only is not None and url not in only:
                raise ValueError(f"risorsa rifiutata: {url[:80]}")
            return super().fetch(url, headers)

    return LocalFilesOnly()


@cache
def font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    # Shared between renders: loading the fonts once saves most of the time of a small PDF.
    # Dropped at exit while the interpreter is whole (its __del__ fails in the final teardown).
    atexit.register(font_config.cache_clear)
    return FontConfiguration()


@cache
def house_stylesheet() -> Any:
    """pdf.css with the @font-face rules of Titillium Web, parsed once per process."""
    import weasyprint  # type: ignore[import-untyped]

    faces = "".join(
        f'@font-face {{ font-family: "Titillium Web"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{url}"); }}\n'
        for weight, style, url in font_faces()
    )
    return weasyprint.CSS(
        string=faces + (PDF_DIR / "pdf.css").read_text(encoding="utf-8"),
        base_url=PDF_DIR.as_uri() + "/",
        url_fetcher=local_files_only(),
        font_config=font_config(),
    )


def html_to_pdf(
    html: str, *, house_style: bool = True, allowed: Iterable[str] | None = None
) -> bytes:
    """The PDF/UA-1 rendering of trusted HTML (our templates, values escaped). With house_style the
    shared stylesheet applies; `allowed` restricts the local files the document may load."""
    import weasyprint  # heavy: loaded only when a PDF is made

    # A render allocates hundreds of thousands of short-lived objects: the cyclic garbage
    # collector would run dozens of times in the middle of it. It runs once, after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = weasyprint.HTML(
            string=html, base_url=PDF_DIR.as_uri() + "/", url_fetcher=local_files_only(allowed)
        )
        pdf: bytes = document.write_pdf(
            pdf_variant="pdf/ua-1",
            font_config=font_config(),
            stylesheets=[house_stylesheet()] if house_style else [],
        )
    finally:
        if collecting:
            gc.enable()
    return pdf
