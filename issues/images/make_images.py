"""Draw the sample images used by the example issues.

Pillow only, no fonts, no randomness: running it twice gives the same PNGs.
Usage: python3 issues/images/make_images.py
"""
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent

TEAL = "#0F4C5C"
TERRACOTTA = "#C8553D"
SAND = "#E9D8A6"
GREEN = "#5B8C5A"
LIGHT = "#EEF3F4"
WHITE = "#FFFFFF"
GREY = "#8A9499"
GOLD = "#F2B134"
DARK_SAND = "#D9C28A"

# Families reunited with relatives in Albania, per quarter, Q1 2022 – Q2 2024.
REUNITED = [3, 5, 4, 7, 6, 8, 9, 7, 11, 14]
HIGHLIGHT = len(REUNITED) - 1  # the most recent quarter


#: Pixels per drawing unit. The drawings are laid out on a 1200-unit-wide
#: grid; at 2 they are 2400 pixels wide, 300 ppi across a lead story's 203 mm.
SCALE = 2


class Scaled:
    """ImageDraw with every coordinate and line width multiplied by SCALE, so
    that the drawing is made at full resolution, not enlarged afterwards."""

    def __init__(self, img: Image.Image) -> None:
        self.draw = ImageDraw.Draw(img)

    @staticmethod
    def _points(xy):
        if xy and isinstance(xy[0], tuple):
            return [(x * SCALE, y * SCALE) for x, y in xy]
        return [v * SCALE for v in xy]

    def __getattr__(self, name):
        method = getattr(self.draw, name)

        def scaled(xy, *args, **kwargs):
            if "width" in kwargs:
                kwargs["width"] = kwargs["width"] * SCALE
            return method(self._points(xy), *args, **kwargs)

        return scaled


def canvas(w: int, h: int, colour: str) -> tuple[Image.Image, Scaled]:
    img = Image.new("RGB", (w * SCALE, h * SCALE), colour)
    return img, Scaled(img)


def save(img: Image.Image, name: str) -> None:
    # A small adaptive palette keeps the files tiny and the colours flat.
    out = img.convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
    out.save(HERE / name, optimize=True)


def families_reunited() -> None:
    w, h = 1200, 750
    img, d = canvas(w, h, WHITE)

    left, right, top, bottom = 110, w - 70, 60, h - 90
    top_value = 16  # y-axis maximum

    # Light horizontal gridlines every 4 units, then the axes.
    for v in range(4, top_value + 1, 4):
        y = bottom - (bottom - top) * v / top_value
        d.line([(left, y), (right, y)], fill="#E3E7E9", width=1)
        d.line([(left - 10, y), (left, y)], fill=GREY, width=2)
    d.line([(left, top - 10), (left, bottom)], fill=GREY, width=2)
    d.line([(left, bottom), (right + 10, bottom)], fill=GREY, width=2)

    n = len(REUNITED)
    slot = (right - left) / n
    bar_w = slot * 0.62
    for i, v in enumerate(REUNITED):
        x0 = left + slot * i + (slot - bar_w) / 2
        x1 = x0 + bar_w
        y0 = bottom - (bottom - top) * v / top_value
        colour = TERRACOTTA if i == HIGHLIGHT else TEAL
        d.rectangle([x0, y0, x1, bottom - 1], fill=colour)
        # tick under each bar
        cx = (x0 + x1) / 2
        d.line([(cx, bottom), (cx, bottom + 10)], fill=GREY, width=2)

    # Year separators below the axis: 4 quarters per year (2022, 2023, 2024).
    for q in (4, 8):
        x = left + slot * q
        d.line([(x, bottom + 18), (x, bottom + 50)], fill=GREY, width=2)

    save(img, "families-reunited.png")


def haft_sin() -> None:
    w, h = 1200, 800
    img, d = canvas(w, h, LIGHT)

    # Wall band and table top.
    d.rectangle([0, 0, w, 300], fill="#DCE7E9")
    table_top = 430
    d.rectangle([0, table_top, w, h], fill=TEAL)
    # Tablecloth with a terracotta border and a simple zigzag hem.
    cloth = [120, table_top - 10, w - 120, 690]
    d.rectangle(cloth, fill=SAND)
    d.rectangle([cloth[0], cloth[1], cloth[2], cloth[1] + 14], fill=TERRACOTTA)
    hem_y = cloth[3]
    zig = []
    x = cloth[0]
    step = 24
    while x <= cloth[2]:
        zig.append((x, hem_y))
        zig.append((min(x + step / 2, cloth[2]), hem_y + 22))
        x += step
    zig.append((cloth[2], hem_y))
    d.polygon(zig, fill=TERRACOTTA)
    d.rectangle([cloth[0], hem_y - 8, cloth[2], hem_y], fill=TERRACOTTA)
    # A row of small diamonds on the cloth.
    for i in range(13):
        cx = cloth[0] + 60 + i * 70
        cy = 650
        d.polygon([(cx, cy - 12), (cx + 12, cy), (cx, cy + 12), (cx - 12, cy)], fill=DARK_SAND)

    def bowl(cx, base_y, rw, rh, colour, rim):
        """A flat bowl: a half-ellipse body with an elliptical rim."""
        d.pieslice([cx - rw, base_y - 2 * rh, cx + rw, base_y], 0, 180, fill=colour)
        d.ellipse([cx - rw, base_y - rh - 14, cx + rw, base_y - rh + 14], fill=rim)
        d.rectangle([cx - rw * 0.35, base_y - 4, cx + rw * 0.35, base_y + 6], fill=colour)

    # Sabzeh: a wide dish with dense green sprout strokes, tied with a ribbon.
    sx, sy = 600, 560
    for k in range(61):
        x = sx - 120 + k * 4
        lean = ((k * 7) % 11 - 5) * 2  # deterministic jitter
        height = 120 + ((k * 13) % 9) * 6
        d.line([(x, sy - 55), (x + lean, sy - 55 - height)], fill=GREEN, width=4)
        if k % 3 == 0:
            d.line([(x + 2, sy - 55), (x + 2 - lean, sy - 55 - height * 0.8)], fill="#4A7A49", width=3)
    bowl(sx, sy, 150, 45, WHITE, "#D5DEE0")
    d.rectangle([sx - 130, sy - 72, sx + 130, sy - 56], fill=TERRACOTTA)
    d.polygon([(sx - 18, sy - 72), (sx, sy - 64), (sx - 18, sy - 56)], fill="#B04630")
    d.polygon([(sx + 18, sy - 72), (sx, sy - 64), (sx + 18, sy - 56)], fill="#B04630")

    # Goldfish bowl on the left.
    gx, gy, gr = 300, 470, 95
    d.ellipse([gx - gr, gy - gr, gx + gr, gy + gr], fill="#CFE3E8", outline=TEAL, width=4)
    d.chord([gx - gr + 4, gy - gr + 30, gx + gr - 4, gy + gr - 4], 0, 180, fill="#A9CFD8")
    d.rectangle([gx - gr + 6, gy - 10, gx + gr - 6, gy - 2], fill="#A9CFD8")
    d.ellipse([gx - 55, gy - gr - 12, gx + 55, gy - gr + 14], fill=LIGHT, outline=TEAL, width=4)
    # the fish: a body and a tail
    d.ellipse([gx - 40, gy + 5, gx + 20, gy + 40], fill="#E8743B")
    d.polygon([(gx + 15, gy + 22), (gx + 50, gy + 2), (gx + 50, gy + 44)], fill="#E8743B")
    d.ellipse([gx - 30, gy + 15, gx - 22, gy + 23], fill=TEAL)

    # Small bowls: red apples, golden senjed, sumac, a dish of coins.
    bowl(175, 600, 45, 20, TERRACOTTA, "#B04630")
    for cx in (160, 190):
        d.ellipse([cx - 18, 545, cx + 18, 581], fill="#B8322A")
        d.line([(cx, 547), (cx + 4, 535)], fill=GREEN, width=3)
    bowl(825, 600, 55, 22, TEAL, "#0B3945")
    for i, cx in enumerate((795, 815, 835, 855)):
        d.ellipse([cx - 11, 552 - (i % 2) * 6, cx + 11, 574 - (i % 2) * 6], fill=GOLD)
    bowl(960, 610, 50, 20, SAND, DARK_SAND)
    d.pieslice([925, 560, 995, 620], 180, 360, fill="#8E2C3A")
    bowl(1060, 585, 40, 18, WHITE, "#D5DEE0")
    d.ellipse([1035, 540, 1085, 568], fill=GOLD)

    # Mirror on the back wall.
    d.ellipse([520, 120, 680, 300], fill=TERRACOTTA)
    d.ellipse([535, 135, 665, 285], fill="#D7E6EA")
    d.polygon([(560, 180), (600, 150), (590, 165)], fill=WHITE)

    # Candles with flames, either side of the mirror.
    for cx, height in ((430, 150), (470, 110), (730, 110), (770, 150)):
        base = table_top + 5
        d.rectangle([cx - 14, base - height, cx + 14, base], fill=WHITE, outline="#D5DEE0")
        d.rectangle([cx - 24, base - 8, cx + 24, base + 6], fill=TERRACOTTA)
        fy = base - height
        d.polygon([(cx, fy - 42), (cx + 11, fy - 14), (cx, fy - 4), (cx - 11, fy - 14)], fill=GOLD)
        d.polygon([(cx, fy - 28), (cx + 5, fy - 12), (cx, fy - 6), (cx - 5, fy - 12)], fill="#E8743B")
        d.line([(cx, fy), (cx, fy - 6)], fill=TEAL, width=2)

    # Painted eggs in front of the sabzeh.
    for cx, colour in ((470, TERRACOTTA), (510, TEAL), (690, GREEN), (730, GOLD)):
        d.ellipse([cx - 16, 600, cx + 16, 642], fill=colour)
        d.line([(cx - 14, 620), (cx + 14, 620)], fill=WHITE, width=3)

    save(img, "haft-sin.png")


if __name__ == "__main__":
    families_reunited()
    haft_sin()
