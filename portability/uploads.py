"""An upload handler that stops reading a file once it passes a size limit."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class CappedUploadHandler(FileUploadHandler):
    """Put first in request.upload_handlers: a file larger than `limit` bytes is
    dropped as it arrives (nothing is stored) and `exceeded` becomes True."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
