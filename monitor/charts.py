"""Bar charts as PNG, written with the standard library: they show in any mail client as cid: images."""

from __future__ import annotations

import struct
import zlib

from monitor.digest_model import Digest

PALETTE = [(37, 99, 235), (16, 163, 127), (217, 119, 6), (220, 38, 38), (124, 58, 237), (8, 145, 178)]
TRACK = (229, 231, 235)
BACKGROUND = (255, 255, 255)


def bar_chart(values: list[float], width: int = 480, row: int = 18, gap: int = 8) -> bytes:
    """One horizontal bar per value, top to bottom, scaled to the largest; rows line up with a table beside."""
    peak = max(values, default=0) or 1
    height = max(1, len(values) * (row + gap) - gap) if values else row
    rows = []
    for y in range(height):
        index, offset = divmod(y, row + gap)
        line = bytearray()
        if values and index < len(values) and offset < row:
            filled = round(width * values[index] / peak)
            color = PALETTE[index % len(PALETTE)]
            line += bytes(color) * filled + bytes(TRACK) * (width - filled)
        else:
            line += bytes(BACKGROUND) * width
        rows.append(b"\x00" + bytes(line))
    return _png(width, height, b"".join(rows))


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def digest_charts(model: Digest) -> dict[str, bytes]:
    """The digest's charts by name: companies (stories per company) and layers (share of items); a chart
    whose every value is zero (an empty month) is left out rather than drawn as empty tracks."""
    values = {
        "companies": [c.stories for c in model.companies],
        "layers": [layer.share for layer in model.layers],
    }
    return {name: bar_chart(rows) for name, rows in values.items() if any(rows)}
