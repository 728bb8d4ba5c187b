"""Network meetings (ST-11): a meeting is recorded with who took part and what was agreed,
and the next one is set, so ``next_meeting`` never silently passes (``due()`` category
``network_meeting``).

Rules (errors with a Danish and English message, nothing changed), keyword
``network-meeting``:

* a meeting is recorded on or after the day it was held, not before;
* the participants are members of the network (at least one);
* the next meeting comes after this one (or none is set, and nothing comes due).

The function is pure: it returns the changed network to persist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from carekit.errors import Problem, RecordValidationError
from carekit.i18n import Text
from carekit.model import CareNetwork, NetworkMeeting
from carekit.workflows._calendar import local_date

__all__ = ["record_network_meeting"]


def _refused(network: CareNetwork, pointer: str, text: Text) -> RecordValidationError:
    return RecordValidationError(
        network.kind, [Problem(pointer, "network-meeting", text)], record_id=network.record_id
    )


def record_network_meeting(
    network: CareNetwork,
    *,
    held_on: dt.date,
    participant_ids: Sequence[uuid.UUID | str],
    agreed: Sequence[str],
    next_meeting: dt.date | None,
    at: dt.datetime,
    citizen_took_part: bool = True,
) -> CareNetwork:
    """*network* with the meeting held on *held_on* recorded and the next one set."""
    pointer = f"/meetings/{len(network.meetings)}"
    if held_on > local_date(at):
        raise _refused(
            network,
            f"{pointer}/held_on",
            Text(
                f"Mødet den {held_on.isoformat()} er ikke holdt endnu. Skriv det bagefter.",
                f"The meeting on {held_on.isoformat()} has not been held yet. Record it "
                "afterwards.",
            ),
        )
    members = {str(m) for m in network.member_ids}
    ids = [uuid.UUID(str(p)) for p in participant_ids]
    strangers = [str(p) for p in ids if str(p) not in members]
    if not ids or strangers:
        raise _refused(
            network,
            f"{pointer}/participant_ids",
            Text(
                "Skriv, hvem fra netværket der var med. "
                + (f"Ikke i netværket: {', '.join(strangers)}." if strangers else ""),
                "Record who from the network took part. "
                + (f"Not in the network: {', '.join(strangers)}." if strangers else ""),
            ),
        )
    if next_meeting is not None and next_meeting <= held_on:
        raise _refused(
            network,
            "/next_meeting",
            Text(
                "Næste møde skal ligge efter dette møde. Vælg en senere dato.",
                "The next meeting must come after this one. Choose a later date.",
            ),
        )
    meeting = NetworkMeeting(
        held_on=held_on,
        participant_ids=ids,
        citizen_took_part=citizen_took_part,
        agreed=[a.strip() for a in agreed if a.strip()],
    )
    return network.model_copy(
        update={"meetings": [*network.meetings, meeting], "next_meeting": next_meeting}
    )
