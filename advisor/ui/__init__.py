"""The Streamlit app: the founder's form and answer, weights, scenarios, the rule browser, share
links and language.

`advisor.ui.app.main()` is the whole app; `app_script.py` calls it, `streamlit_app.py` serves it
and `warm` readies the library as the server starts. The modules here lay out widgets and call
the library (parse_profile, recommend, report, charts, export); they score nothing themselves.
`link` reads and writes share links (answers, `w.<dimension>` weights, `s=` scenarios) without
touching Streamlit; `session` holds what the session shows.
"""
