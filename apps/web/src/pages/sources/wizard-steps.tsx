
/** Where the user is in creating a source; the last step completes on the page itself, when events arrive. */
/** `current` past the last step means all are done. */
export function WizardSteps({ current, connectLabel = 'Connect the sender' }: { current: number; connectLabel?: string }) {
  const steps = ['Choose the source', connectLabel, 'See the first event'];
  return (
    <ol className="wizard-steps" aria-label="Steps">
      {steps.map((label, index) => {
        const n = index + 1;
        const state = n < current ? 'done' : n === current ? 'current' : 'todo';
        return (
          <li key={label} className={`wizard-step wizard-step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="wizard-step-n" aria-hidden="true">{state === 'done' ? '✓' : n}</span>
            {label}
            {state === 'done' && <span className="visually-hidden"> (done)</span>}
          </li>
        );
      })}
    </ol>
  );
}
