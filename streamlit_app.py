"""Channel-fit web app: `streamlit run streamlit_app.py`. All the UI lives in advisor.ui."""

from advisor.ui.app import main

main()
