"""Reads the `KEY=value` files our services are deployed with (one setting a line, `#` comments)."""
import re

NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")


class EnvFileError(Exception):
    """A line that is not a setting; carries its line number for the deploy log."""

    def __init__(self, number: int, message: str):
        super().__init__(f"line {number}: {message}")
        self.number = number


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def parse_env(text: str) -> dict:
    """Settings in file order; a later line overrides an earlier one with the same name."""
    settings = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        if "=" not in line:
            raise EnvFileError(number, f"expected KEY=value, got {line!r}")
        name, value = line.split("=")
        name = name.strip()
        if not NAME.match(name):
            raise EnvFileError(number, f"not a setting name: {name!r}")
        settings[name] = _unquote(value.strip())
    return settings


def render_env(settings: dict) -> str:
    """The file again, values quoted when they hold spaces or a `#`."""
    lines = []
    for name, value in settings.items():
        text = str(value)
        lines.append(f'{name}="{text}"' if any(c in text for c in " #") else f"{name}={text}")
    return "\n".join(lines) + "\n"
