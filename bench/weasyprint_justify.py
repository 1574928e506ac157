"""Compare WeasyPrint versions on justified text: which leave a single word alone on a line inside a paragraph?

    python bench/weasyprint_justify.py 69.0 70.0

Installs each version into its own virtual environment under .briefkit-cache/weasyprint-<version>/ (from
PyPI), lays out the long paragraphs of seeds/000 at 224 combinations of font, size and page margin,
and prints each layout where a version differs from the first or leaves a lone word. The README's
choice of the pinned version rests on this.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_cb12e14a38501514.txt"
FONTS = ("DejaVu Serif", "Liberation Serif", "DejaVu Sans", "Liberation Sans")
SIZES = (8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12)
MARGINS = (0.6, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0)


def marked(paragraph: str) -> str:
    """A link every 11 words and an emphasis every 13, as in an edition's summaries."""
    words = paragraph.split(" ")
    for i in range(3, len(words), 11):
        words[i] = f'<a href="https://example.org/{i}">{words[i]}</a>'
    for i in range(7, len(words), 13):
        words[i] = f"<em>{words[i]}</em>"
    return " ".join(words)


def lines_of(font: str, size: float, margin: float) -> list[tuple[str, bool]]:
    """Each line of the paragraphs laid out with the installed WeasyPrint: (text, last line of its paragraph)."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    paragraphs = [p.replace("\n", " ") for p in SEED.read_text(encoding="utf-8").split("\n\n") if len(p) > 200][:5]
    html = "".join(f"<p>{marked(p)}</p>" for p in paragraphs)
    css = weasyprint.CSS(
        string=f"@page {{ size: letter; margin: {margin}in }} "
        f"body {{ font-family: '{font}'; font-size: {size}pt; line-height: 1.4 }} p {{ text-align: justify }}"
    )

    def walk(box: object) -> list[object]:
        return [box] + [d for child in getattr(box, "children", []) for d in walk(child)]

    lines = []
    for page in weasyprint.HTML(string=html).render(stylesheets=[css]).pages:
        for box in walk(page._page_box):
            if isinstance(box, boxes.BlockBox) and box.element_tag == "p":
                rows = [c for c in box.children if isinstance(c, boxes.LineBox)]
                for n, row in enumerate(rows):
                    text = "".join(t.text for t in walk(row) if isinstance(t, boxes.TextBox)).strip()
                    lines.append((text, n == len(rows) - 1))
    return lines


def lone_words(lines: list[tuple[str, bool]]) -> list[str]:
    """Lines inside a paragraph (not its last) that hold a single word."""
    return [text for text, last in lines if not last and len(text.split()) == 1]


def dump() -> None:
    """Runs inside one version's environment: prints every layout's lines as JSON."""
    import weasyprint

    layouts = {
        f"{font} {size}pt, {margin}in margins": lines_of(font, size, margin)
        for font in FONTS
        for size in SIZES
        for margin in MARGINS
    }
    print(json.dumps({"version": weasyprint.__version__, "layouts": layouts}))


def layouts_of(version: str) -> dict[str, list[tuple[str, bool]]]:
    env = REPO / ".briefkit-cache" / f"weasyprint-{version}"
    python = env / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"weasyprint=={version}"], check=True)
    out = subprocess.run([str(python), __file__, "--dump"], check=True, capture_output=True, text=True)
    layouts = json.loads(out.stdout)["layouts"]
    return {name: [(str(text), bool(last)) for text, last in lines] for name, lines in layouts.items()}


def main(versions: list[str]) -> None:
    results = {version: layouts_of(version) for version in versions}
    first = versions[0]
    for version, layouts in results.items():
        lone = {name: lone_words(lines) for name, lines in layouts.items()}
        differing = [name for name in layouts if layouts[name] != results[first][name]]
        print(
            f"WeasyPrint {version}: {len(layouts)} layouts, {sum(map(len, lone.values()))} lone-word lines, "
            f"{len(differing)} layouts differ from {first}"
        )
        for name, words in lone.items():
            if words:
                print(f"  {name}: alone on a line: {', '.join(words)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--dump"]:
        dump()
    else:
        main(sys.argv[1:] or ["69.0", "70.0"])
