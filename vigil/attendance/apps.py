from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "vigil.attendance"
    verbose_name = "Attendance and absence"
