"""The public app's panel on the council's internal start page: how many citizens' messages wait
for the secretariat, registered in ``PublicConfig.ready`` through ``councils.hooks``. One query,
and only for those who may read the messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from public.selectors.messages import new_message_count

PANEL_TEMPLATE = "public/messages/_panel.html"


def new_messages_panel(*, council: Any, access: Any, today: dt.date) -> dict[str, Any] | None:
    if not access.can("messages.view"):
        return None
    count = new_message_count(council=council)
    return {"count": count} if count else None
