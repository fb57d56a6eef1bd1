"""Helpers for plugins' demo content (``Plugin.load_demo``).

Demo data must be idempotent: look objects up by a stable key before creating.
Images are drawn with Pillow (no download needed).
"""

from __future__ import annotations

import hashlib
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw


def demo_image(title: str, collection=None, size=(1200, 675)):
    """A Wagtail image with a generated picture, created once per title."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    digest = hashlib.sha1(title.encode()).digest()
    top, bottom = (digest[0] // 2, digest[1] // 2 + 60, digest[2] // 2 + 80), (digest[3] // 3, digest[4] // 3 + 40, 90)
    picture = PILImage.new("RGB", size, top)
    draw = ImageDraw.Draw(picture)
    for y in range(size[1]):
        ratio = y / size[1]
        draw.line([(0, y), (size[0], y)], fill=tuple(int(t * (1 - ratio) + b * ratio) for t, b in zip(top, bottom)))
    draw.ellipse([size[0] * 0.6, size[1] * 0.15, size[0] * 0.85, size[1] * 0.6], fill=(250, 210, 90))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    kwargs = {"collection": collection} if collection is not None else {}
    image = Image(title=title, **kwargs)
    image.file.save(f"demo-{digest.hex()[:12]}.jpg", ImageFile(buffer, name="demo.jpg"), save=False)
    image.save()
    return image
