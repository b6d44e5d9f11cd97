"""The Streamlit app: the founder's form and answer, the rule browser, share links and language.

`advisor.ui.app.main()` is the whole app; `streamlit_app.py` only calls it. The modules here
lay out widgets and call the library (parse_profile, recommend, report, charts, export); they
score nothing themselves.
"""
