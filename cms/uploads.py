"""Uploads are checked by content, not by name.

Every document uploaded to the Wagtail library goes through
:class:`SafeDocumentForm` (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): executables are
refused whatever their name, and the file's first bytes must match what its
extension claims. Images are already decoded by Wagtail (Pillow) on upload.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
EXPECTED = {
    "pdf": (b"%PDF-",),
    "doc": (OLE2,),
    "xls": (OLE2,),
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "pptx": (ZIP,),
    "odt": (ZIP,),
    "ods": (ZIP,),
    "zip": (ZIP,),
    "rtf": (b"{\\rtf",),
}
TEXT_EXTENSIONS = {"txt", "csv"}


def check_upload(uploaded) -> None:
    """Raise ValidationError unless the file's content matches its extension."""
    extension = os.path.splitext(uploaded.name or "")[1].lower().lstrip(".")
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(position)
    if isinstance(head, str):
        head = head.encode()
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise ValidationError(_("This file is a program, not a document; it cannot be uploaded."), code="executable")
    if extension in EXPECTED and not head.startswith(EXPECTED[extension]):
        raise ValidationError(
            _("The content of this file is not a .%(ext)s file. Upload the real document.") % {"ext": extension},
            code="mismatch",
        )
    if extension in TEXT_EXTENSIONS and b"\x00" in head:
        raise ValidationError(_("This is not a text file."), code="mismatch")


class SafeDocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and hasattr(uploaded, "content_type"):  # a new upload, not the stored file
            check_upload(uploaded)
        return uploaded
