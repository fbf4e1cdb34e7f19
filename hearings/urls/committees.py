"""URLs for committees, committee meetings, the council's comments and comment letters (names in
the "hearings" namespace; mounted at ``<slug>/intern/udvalg/``). Every id follows a segment the
tenancy matrix knows: udvalg → committee, udvalgsmoeder → committee meeting, udvalgspunkter →
committee agenda item."""

from django.urls import path

from hearings.views import committees as views
from hearings.views import letters as letter_views

urlpatterns = [
    path("", views.committees, name="committees"),
    path("nyt/", views.committee_create, name="committee_create"),
    path("<int:pk>/", views.committee, name="committee"),
    path("<int:pk>/rediger/", views.committee_edit, name="committee_edit"),
    path("<int:pk>/foelg/", views.committee_follow, name="committee_follow"),
    path("<int:pk>/foelg/stop/", views.committee_unfollow, name="committee_unfollow"),
    path("<int:pk>/udvalgsmoede/nyt/", views.committee_meeting_create, name="committee_meeting_create"),
    path("udvalgsmoeder/<int:pk>/", views.committee_meeting, name="committee_meeting"),
    path("udvalgsmoeder/<int:pk>/rediger/", views.committee_meeting_edit, name="committee_meeting_edit"),
    path("udvalgsmoeder/<int:pk>/punkter-nyt/", views.committee_item_create, name="committee_item_create"),
    path("udvalgspunkter/<int:pk>/", views.committee_item_edit, name="committee_item_edit"),
    path("udvalgspunkter/<int:pk>/kommentar/", views.item_comment, name="item_comment"),
    path("udvalgsmoeder/<int:pk>/brev/", letter_views.comment_letter, name="comment_letter"),
    path("udvalgsmoeder/<int:pk>/brev/godkend/", letter_views.comment_letter_approve, name="comment_letter_approve"),
    path("udvalgsmoeder/<int:pk>/brev/send/", letter_views.comment_letter_send, name="comment_letter_send"),
    path("udvalgsmoeder/<int:pk>/brev/pdf/", letter_views.comment_letter_pdf, name="comment_letter_pdf"),
    path("udvalgsmoeder/<int:pk>/brev/word/", letter_views.comment_letter_docx, name="comment_letter_docx"),
]
