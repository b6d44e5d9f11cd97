"""Channel-fit web app: `streamlit run streamlit_app.py`.

Streamlit finds the `app` below and serves `app_script.py` to every visitor; the server's start
also warms the library up (advisor.ui.warm), so the first visitor does not wait for it.
"""

import streamlit as st

from advisor.ui.warm import lifespan

app = st.App("app_script.py", lifespan=lifespan)
