import plotly.express as px
import plotly.graph_objects as go
fig = px.bar(x=['Hills', 'Rural', 'Metro', 'East', 'Central', 'South', 'Valley'], y=[89.4, 88.2, 17.3, 79.7, 30.5, 82.1, 87.2], title='Exam scores', text_auto=True)
fig.write_image('out.png', width=900, height=500)
