""""Skriv til rådet" (namespace "public"): the citizens' form, and the secretariat's list of
messages with their actions under /<council>/intern/henvendelser/."""

from django.urls import path

from public.views import messages, write

urlpatterns = [
    path("<slug:council_slug>/skriv/", write.write, name="write"),
    path("<slug:council_slug>/skriv/tak/", write.write_thanks, name="write_thanks"),
    path("<slug:council_slug>/intern/henvendelser/", messages.message_list, name="messages"),
    path("<slug:council_slug>/intern/henvendelser/<int:pk>/", messages.message_detail, name="message"),
    path("<slug:council_slug>/intern/henvendelser/<int:pk>/idee/", messages.message_act, {"action": "idee"},
         name="message_to_idea"),
    path("<slug:council_slug>/intern/henvendelser/<int:pk>/punkt/", messages.message_act, {"action": "punkt"},
         name="message_to_agenda"),
    path("<slug:council_slug>/intern/henvendelser/<int:pk>/svar/", messages.message_act, {"action": "svar"},
         name="message_reply"),
    path("<slug:council_slug>/intern/henvendelser/<int:pk>/arkiver/", messages.message_act, {"action": "arkiver"},
         name="message_archive"),
]
