"""Front ends: the command line and the Streamlit app. No retrieval logic lives here."""
