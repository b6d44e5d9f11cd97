"""The app's pages as `st.navigation` runs them: one small script per page, each calling its view.

They are files, not functions, so that `AppTest.switch_page("advisor/ui/pages/<page>.py")` can
open them in tests; the frame around them (language, link warnings, URL) is `advisor.ui.app`.
"""
