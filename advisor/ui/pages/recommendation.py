"""The "Your recommendation" page: the questions and the answer (run by st.navigation)."""

from advisor.ui import app

app.run_page("advisor")
