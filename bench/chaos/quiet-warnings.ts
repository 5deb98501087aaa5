// Imported first by main.ts, before the AWS SDK loads: its notice that later versions need Node 22 (the
// fauxqs clients of this process) is not news in a chaos run. Every other warning is still printed.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!warning.message.startsWith('NodeVersionSupportWarning')) console.error(`${warning.name}: ${warning.message}`);
});
