"""QR codes for printed documents, as SVG data URIs: vector, sharp in print, no image files to store."""

import base64

import qrcode
import qrcode.image.svg


def qr_svg_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")
