import plotly.express as px
import plotly.graph_objects as go
fig = px.line(x=list(range(4)), y=[81.0, 85.0, 12.6, 39.6], markers=True, title='Trend')
fig.write_image('chart.png')
