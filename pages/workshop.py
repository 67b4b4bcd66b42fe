"""Workshop: live prioritisation — facilitator setup, participants' phones and the big screen.

The view follows the URL (see components/workshop_view.py): no parameters = setup,
``?join=…`` = participant, ``?w=…&f=…`` = facilitator controls and big screen.
"""

from components import workshop_view
from components.frame import ensure_frame

ensure_frame()  # a join or facilitator link opened first on a fresh server must still get the router and sidebar

workshop_view.render()
