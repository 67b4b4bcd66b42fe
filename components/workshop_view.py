"""Live workshop mode (issue #7): one page, three views, chosen by the URL so every link works on its own.

* no parameters — **setup** (components/workshop_setup.py): create a workshop over the loaded backlog,
  see its links;
* ``?join=<join token or code>[&p=<participant token>]`` — **participant**, phone first
  (components/workshop_participant.py);
* ``?w=<workshop id>&f=<facilitator token>[&present=1]`` — **facilitator controls + big screen**, and
  ``?screen=<join token>`` — the read-only big screen (components/workshop_screen.py).

What the views share (URL parameters, links, this browser's tokens, the invite panel) is in
components/workshop_common.py.
"""

from __future__ import annotations

from . import workshop_common as wc
from . import workshop_participant, workshop_screen, workshop_setup


def render() -> None:
    """Draw the view the URL asks for."""
    wc.css()
    link = wc.read_link()
    if link.view == "facilitator":
        workshop_screen.facilitator_view(link)
    elif link.view == "screen":
        workshop_screen.screen_view(link)
    elif link.view == "participant":
        workshop_participant.participant_view(link)
    else:
        workshop_setup.setup_view()
