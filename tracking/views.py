# Symptom log views: being written (log_create, log_list, log_edit, log_delete).
from django.http import HttpResponse


def log_create(request):
    return HttpResponse("Not yet")


log_list = log_edit = log_delete = log_create
