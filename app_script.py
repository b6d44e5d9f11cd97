"""The script Streamlit runs for each visitor (`streamlit_app.py` serves it); the UI is in advisor.ui."""

from advisor.ui.app import main

main()
