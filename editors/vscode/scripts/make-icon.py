#!/usr/bin/env python3
"""Draws images/icon.png (128x128): a page of a record, its masthead and lines, with a speech
mark, on UN blue. Standard library only (zlib, struct), 4x4 supersampling for the edges.
Run: python3 scripts/make-icon.py   (the PNG is committed; rerun after changing the drawing)."""
import pathlib, struct, zlib

N, SS = 128, 4
BLUE, DARK, WHITE, GOLD = (0, 158, 219), (0, 94, 140), (255, 255, 255), (255, 196, 37)

def rrect(x0, y0, x1, y1, r):
    def inside(x, y):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return inside

def circle(cx, cy, r):
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r

def tri(a, b, c):
    def side(p, q, x, y):
        return (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0])
    def inside(x, y):
        s1, s2, s3 = side(a, b, x, y), side(b, c, x, y), side(c, a, x, y)
        return (s1 >= 0 and s2 >= 0 and s3 >= 0) or (s1 <= 0 and s2 <= 0 and s3 <= 0)
    return inside

# Shapes painted in order (later on top): (test, colour).
shapes = [
    (rrect(4, 4, 124, 124, 22), BLUE),
    (rrect(26, 16, 94, 112, 6), WHITE),          # the page
    (rrect(34, 26, 70, 32, 2), DARK),            # masthead: session line
    (rrect(34, 36, 58, 41, 2), DARK),            #           symbol
]
for y in (52, 62, 72, 82, 92):                   # paragraphs
    shapes.append((rrect(34, y, 86 if y != 92 else 70, y + 4, 2), BLUE))
# a speech bubble over the page's corner, with the speaker's line in it
shapes += [
    (circle(92, 86, 22), GOLD),
    (tri((76, 98), (70, 114), (88, 104)), GOLD),
    (rrect(80, 80, 104, 85, 2), WHITE),
    (rrect(80, 89, 98, 94, 2), WHITE),
]

rows = []
for py in range(N):
    row = bytearray([0])
    for px in range(N):
        acc = [0, 0, 0, 0]
        for sy in range(SS):
            for sx in range(SS):
                x, y = px + (sx + 0.5) / SS, py + (sy + 0.5) / SS
                col = None
                for test, c in shapes:
                    if test(x, y):
                        col = c
                if col:
                    acc[0] += col[0]; acc[1] += col[1]; acc[2] += col[2]; acc[3] += 255
        n = SS * SS
        a = acc[3] / n
        if a:
            row += bytes([round(acc[0] * 255 / acc[3]), round(acc[1] * 255 / acc[3]), round(acc[2] * 255 / acc[3]), round(a)])
        else:
            row += bytes(4)
    rows.append(bytes(row))

def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
out = pathlib.Path(__file__).resolve().parent.parent / "images" / "icon.png"
out.write_bytes(png)
print(f"{out} ({len(png)} bytes)")
