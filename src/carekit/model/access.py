"""Why and through which channel someone read a citizen's data (the read-access log)."""

from __future__ import annotations

from carekit.model._base import LabelledEnum, labels

__all__ = ["Channel", "Purpose"]


@labels(
    {
        "care": ("Pleje og behandling", "Care and treatment"),
        "administration": ("Administration", "Administration"),
        "export": ("Udtræk til et andet system", "Export to another system"),
        "citizen_request": ("Borgerens egen anmodning", "The citizen's own request"),
        "reveal": ("Visning af fuldt CPR-nummer", "Showing the full CPR number"),
        "supervision": ("Tilsyn og kontrol", "Supervision and audit"),
        "support": ("Teknisk support", "Technical support"),
    }
)
class Purpose(LabelledEnum):
    """Why someone reads a citizen's data; every read names one (the read-access log)."""

    CARE = "care"
    ADMINISTRATION = "administration"
    EXPORT = "export"
    CITIZEN_REQUEST = "citizen_request"
    REVEAL = "reveal"
    SUPERVISION = "supervision"
    SUPPORT = "support"


@labels(
    {
        "api": ("Program (API)", "Program (API)"),
        "cli": ("Kommandolinje", "Command line"),
        "web": ("Webside", "Web page"),
        "integration": ("Integration med et andet system", "Integration with another system"),
        "batch": ("Kørsel uden bruger", "Unattended run"),
    }
)
class Channel(LabelledEnum):
    """Through which channel a read was made."""

    API = "api"
    CLI = "cli"
    WEB = "web"
    INTEGRATION = "integration"
    BATCH = "batch"
