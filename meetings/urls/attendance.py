"""URLs for the attendance part of the meeting cycle (names in the "meetings" namespace).
The personal afbud link (/afbud/<token>/, name "afbud", and its "fortryd" button,
/afbud/<token>/fortryd/, name "afbud_withdraw") and the personal reading link (/l/<token>/ and
/k/<code>/, meetings.views.reading) live in config/urls.py: they have no council in their
address and need no login."""

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
    path("<int:pk>/mit-fremmoede/kommer/", attendance.my_attendance_confirm, name="my_attendance_confirm"),
    path("<int:pk>/fremmoede/<int:attendance_pk>/svar/", attendance.attendance_answer, name="attendance_answer"),
    path("<int:pk>/fremmoede/<int:attendance_pk>/luk-link/", attendance.reading_link_revoke,
         name="reading_link_revoke"),
]
