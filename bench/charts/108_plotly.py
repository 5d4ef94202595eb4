import plotly.express as px
import plotly.graph_objects as go
fig = px.line(x=list(range(8)), y=[81.2, 40.7, 66.2, 40.7, 12.7, 82.6, 80.7, 92.3], markers=True, title='Trend')
fig.write_image('chart.png')
