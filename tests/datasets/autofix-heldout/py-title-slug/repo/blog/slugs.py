"""URL slugs for blog posts."""
import re
import unicodedata


def slugify(title: str) -> str:
    """Lower-case ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", title).encode("ascii").decode("ascii")
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)


def post_path(year: int, title: str) -> str:
    return f"/{year}/{slugify(title)}/"
