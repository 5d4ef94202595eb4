import plotly.express as px
import plotly.graph_objects as go
fig = px.bar(x=['Rural', 'East', 'Valley', 'South', 'Metro'], y=[54.5, 40.0, 12.2, 44.8, 15.3], title='Crop yield', text_auto=True)
fig.write_image('out.png', width=900, height=500)
