import plotly.express as px
import plotly.graph_objects as go
fig = go.Figure(go.Funnel(y=['East', 'North', 'South', 'Metro'], x=sorted([54.1, 95.6, 35.8, 17.3], reverse=True)))
fig.write_image('out.png', width=900, height=500)
