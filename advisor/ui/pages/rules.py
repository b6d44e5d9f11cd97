"""The "Browse the rules" page (run by st.navigation)."""

from advisor.ui import app

app.run_page("rules")
