import { useEffect, useState } from 'react';
import { api } from './api/client';

export function App() {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    void api.listProjects({}).then((p) => setCount(p.length));
  }, []);
  return <div>Labeler Workstation — {count ?? '…'} projects</div>;
}
