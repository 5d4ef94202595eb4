import plotly.express as px
import plotly.graph_objects as go
fig = px.bar(x=['Valley', 'Central', 'Metro', 'East', 'South', 'Hills', 'Coast', 'North'], y=[93.2, 41.7, 32.7, 73.6, 80.4, 65.9, 88.7, 92.4], title='Air quality', text_auto=True)
fig.write_image('out.png', width=900, height=500)
