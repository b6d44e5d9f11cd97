"""The "Cohort" page: `advisor.ui.cohort.render(lang)` (run by st.navigation, registered only when
that module exists)."""

from advisor.ui import app

app.run_page("cohort")
