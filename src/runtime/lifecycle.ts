// The node lifecycle machine as plain data, for the Lab's statechart (ui may not import machines).
export { lifecycleOutline, type MachineOutline } from '../machines/describe.ts';
