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
# A small file can still unpack into a huge bitmap; refuse anything beyond a large camera photo.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 85


def prepare_photo(upload) -> ContentFile:
    """Validate an uploaded photo and return it as a clean JPEG of at most 512×512 pixels.

    Raises ValidationError (translated) when the file is too large, not an image, or not a JPEG, PNG or WebP.
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
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                probe.verify()
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="format")
            if width * height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
            # verify() leaves the image unusable: open it again to decode the pixels.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                clean = _normalise(image)
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


def _normalise(image: Image.Image) -> Image.Image:
    """Turn the picture upright, flatten transparency onto white, and shrink it to fit 512×512."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    else:
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image built from the pixels alone carries no EXIF, ICC or XMP data.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean
