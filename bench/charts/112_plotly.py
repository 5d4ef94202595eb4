import plotly.express as px
import plotly.graph_objects as go
fig = go.Figure(go.Funnel(y=['West', 'Coast', 'Central', 'Metro'], x=sorted([54.4, 7.4, 17.4, 68.6], reverse=True)))
fig.write_image('out.png', width=900, height=500)
