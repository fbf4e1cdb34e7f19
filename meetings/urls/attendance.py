"""URLs for the attendance part of the meeting cycle (names in the "meetings" namespace).
The personal afbud link (/afbud/<token>/, name "afbud", and its "fortryd" button,
/afbud/<token>/fortryd/, name "afbud_withdraw") lives in config/urls.py: it has no council in
its address and needs no login."""

from django.urls import path

from meetings.views import attendance

urlpatterns = [
    path("regler/anvend/", attendance.rules_apply, name="rules_apply"),
    path("<int:pk>/fremmoede/anvend-regler/", attendance.rules_apply_meeting, name="rules_apply_meeting"),
    path("<int:pk>/fremmoede/", attendance.attendance, name="attendance"),
    path("<int:pk>/fremmoede/suppleant/", attendance.substitute_call, name="substitute_call"),
    path("<int:pk>/fremmoede/indkald/", attendance.invitations_send, name="invitations_send"),
    path("<int:pk>/fremmoede/registrer/", attendance.attendance_record, name="attendance_record"),
    path("<int:pk>/mit-fremmoede/", attendance.my_attendance, name="my_attendance"),
    path("<int:pk>/mit-fremmoede/fortryd/", attendance.my_attendance_withdraw, name="my_attendance_withdraw"),
]
