// The plots of the Experiments page (issue 4), as pure geometry over the experiment runner's cells and
// runs (plain data, plotData.ts), drawn by the one keyed D3 join of plotMarks.ts:
//   leavesPlot    P(distress leaves before death) vs warning time, per failure type and send path
//   failoverPlot  every time to failover, per policy, with and without distress
//   outagePlot    mean unavailable and split-brain time per run, per policy
//   adminPlot     administrator interventions, per policy
export * from './failoverPlot.ts';
export * from './leavesPlot.ts';
export * from './plotData.ts';
export * from './plotMarks.ts';
export * from './policyBars.ts';
export { renderMarks as renderPlot } from './plotMarks.ts';
