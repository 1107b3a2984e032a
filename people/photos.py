"""Profile photos: checked by their content, not their name, and re-encoded so nothing of the original
file (EXIF with GPS position, camera, hidden payloads) survives."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_SIDE = 512
# A small file can unpack into a huge bitmap (a 7070×7070 PNG of 162 KB took 570 MB to decode): the size in the
# header is checked before any pixel is decoded. About 16 megapixels is a camera photo; more is refused.
MAX_PIXELS = 4096 * 4096
JPEG_QUALITY = 85


def prepare_photo(upload) -> ContentFile:
    """Validate an uploaded photo and return it as a clean JPEG of at most 512×512 pixels.

    Raises ValidationError (translated) when the file is too large, not an image, not a JPEG, PNG or WebP, or has
    more pixels than MAX_PIXELS.
    """
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large: at most %(size)s.") % {"size": filesizeformat(settings.PHOTO_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Image.open reads the header only: format and size are known before any pixel is decoded.
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="format")
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("The image has too many pixels: at most %(count)s megapixels.")
                        % {"count": MAX_PIXELS // 1_000_000},
                        code="too_many_pixels",
                    )
                probe.verify()
            # verify() leaves the image unusable: open it again to decode the pixels.
            with Image.open(io.BytesIO(data)) as image:
                clean = _normalise(decode_reduced(image))
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
        SyntaxError,
    ) as exc:
        # Pillow reports broken or disguised files with these; the person only needs to know it is not a photo.
        raise ValidationError(_("This file is not an image we can read."), code="invalid") from exc
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(out.getvalue())


def decode_reduced(image: Image.Image) -> Image.Image:
    """Decode no more pixels than the photo needs, shrunk to fit 512×512 before anything else is done with it.

    A JPEG is decoded at 1/2, 1/4 or 1/8 of its size by the decoder itself (draft), still above 512 pixels; a PNG
    or WebP is decoded whole (at most MAX_PIXELS) and reduced at once, so the conversions that follow work on the
    small picture. A palette image becomes RGB(A) first: it would otherwise be resized without interpolation.
    """
    if image.format == "JPEG":
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))
    image.load()
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "1":
        image = image.convert("L")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return image


def _normalise(image: Image.Image) -> Image.Image:
    """Turn the picture upright and flatten transparency onto white."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    else:
        image = image.convert("RGB")
    # A new image built from the pixels alone carries no EXIF, ICC or XMP data.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean
