"""The folded search columns of a taxonomy concept, written by the importers, read by queries."""

from ptp.lib.text import search_document


def _distinct_words(document: str) -> str:
    # The filter only asks whether each searched word starts some word of the concept, so each
    # word is kept once: ESCO's alternative labels repeat words a lot, and the text scanned by
    # every search shrinks to about a third (bench/skills/README.md).
    words = dict.fromkeys(document.split())
    return f" {' '.join(words)} " if words else ""


def search_columns(
    *, label_it: str, label_en: str, alt_labels_it: str, alt_labels_en: str
) -> dict[str, str]:
    """Every word of every label of both languages for matching, and each preferred label alone
    (words in order) for ranking."""
    return {
        "search_text": _distinct_words(
            search_document(label_it, label_en, alt_labels_it, alt_labels_en)
        ),
        "search_label_it": search_document(label_it),
        "search_label_en": search_document(label_en),
    }
