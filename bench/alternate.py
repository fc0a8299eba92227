#!/usr/bin/env python3
"""Times builds of minplan against each other, alternating, in one run on this machine.

    bench/alternate.py NAME=TARGETDIR [NAME=TARGETDIR ...] [--rounds=N] [--skip-batch]

Each TARGETDIR holds a release build: `minplan` and `examples/timing` (`cargo build
--release --bin minplan --example timing` in that checkout). Per round and build, in turn:
the median of 300 warm in-process renders of samples/reference-12.json (citizen/current,
`examples/timing`), the whole `minplan render` process (median wall of 20 runs, median
peak RSS of 20 runs under /usr/bin/time), and `minplan batch` of 400 documents (200
copies of the shared sample with distinct ids, citizen and jobcenter) with -j 1 and -j 2.
Prints each round and the medians over rounds. Needs /usr/bin/time."""
import os, re, resource, statistics, subprocess, sys, tempfile, time
args=[a for a in sys.argv[1:] if '=' in a]
rounds=int(next((a.split('=')[1] for a in sys.argv[1:] if a.startswith('--rounds=')), '5'))
bins=[(a.split('=')[0], a.split('=')[1]) for a in args if not a.startswith('--')]
here=os.path.dirname(os.path.abspath(__file__))
ref=os.path.join(here,'..','samples','reference-12.json')
def batch_input():
    import json
    path=os.path.join(tempfile.gettempdir(),'minplan-alternate-400.ndjson')
    d=json.load(open(os.path.join(here,'..','samples','integration-contract-full.json')))
    with open(path,'w') as f:
        for i in range(200):
            d['plan_version']['id']=f"PV-2026-{i:06d}"
            f.write(json.dumps(d,ensure_ascii=False)+"\n")
    return path
batch_file=batch_input()
res={n:{'timing':[], 'p10':[], 'wall':[], 'cpu':[], 'rss':[], 'j1':[], 'j2':[], 'j1cpu':[], 'j2cpu':[]} for n,_ in bins}
def timing(d):
    out=subprocess.run([f'{d}/examples/timing','300'],capture_output=True,text=True,check=True).stdout
    m=re.search(r'median ([0-9.]+) ms, p10 ([0-9.]+)',out); return float(m.group(1)), float(m.group(2))
def process(d, n=20):
    walls=[];cpus=[];rss=[]
    out=tempfile.mktemp(suffix='.pdf')
    cmd=[f'{d}/minplan','render',ref,'--audience','citizen','--version','current','-o',out]
    subprocess.run(cmd,check=True)
    for _ in range(n):
        r=subprocess.run(['/usr/bin/time','-f','%e %U %S %M']+cmd,capture_output=True,text=True,check=True)
        e,u,s,m=r.stderr.strip().splitlines()[-1].split()
        rss.append(int(m)/1024); cpus.append((float(u)+float(s))*1000)
    for _ in range(n):
        t=time.perf_counter(); subprocess.run(cmd,check=True); walls.append((time.perf_counter()-t)*1000)
    os.unlink(out)
    return statistics.median(walls), statistics.median(cpus), statistics.median(rss)
# Batch outputs are kept until the end: ext4 skips inodes freed in the last seconds when
# it allocates new ones, so deleting the previous run's 800 files right before a run made
# every file creation scan past them (perf: recently_deleted, find_inode_bit; 0.2-0.3 s
# of kernel time per run, serialised on the directory) and measured the benchmark's own
# clean-up rather than minplan.
outputs=tempfile.mkdtemp(dir='/tmp', prefix='minplan-alternate-')
import atexit, shutil
atexit.register(shutil.rmtree, outputs, True)
def batch(d,j):
    o=tempfile.mkdtemp(dir=outputs)
    r=subprocess.run(['/usr/bin/time','-f','%e %U %S',f'{d}/minplan','batch',batch_file,'-o',o,'--audience','citizen,jobcenter','--version','current','-j',str(j)],capture_output=True,text=True)
    e,u,s=r.stderr.strip().splitlines()[-1].split()
    return float(e), float(u)+float(s)
skip_batch='--skip-batch' in sys.argv
for r in range(rounds):
    for n,d in bins:
        m,p=timing(d); res[n]['timing'].append(m); res[n]['p10'].append(p)
        w,c,rs=process(d); res[n]['wall'].append(w); res[n]['cpu'].append(c); res[n]['rss'].append(rs)
        if not skip_batch:
            e1,c1=batch(d,1); e2,c2=batch(d,2)
            res[n]['j1'].append(e1); res[n]['j2'].append(e2); res[n]['j1cpu'].append(c1); res[n]['j2cpu'].append(c2)
        print(f"round {r+1} {n}: timing median {m:.2f} p10 {p:.2f} ms; process wall {w:.1f} ms rss {rs:.2f} MiB"+("" if skip_batch else f"; batch j1 {e1:.2f}s j2 {e2:.2f}s ratio {e1/e2:.2f} (cpu {c1:.2f}/{c2:.2f})"), flush=True)
    print(f"  load {os.getloadavg()[0]:.2f}", flush=True)
print("\nsummary (median over rounds)")
for n,_ in bins:
    R=res[n]; med=lambda k: statistics.median(R[k]) if R[k] else float('nan')
    line=f"{n}: warm median {med('timing'):.2f} ms (rounds {', '.join(f'{x:.2f}' for x in R['timing'])}), p10 {med('p10'):.2f}; whole process wall {med('wall'):.1f} ms peak {med('rss'):.2f} MiB"
    if R['j1']:
        ratios=[a/b for a,b in zip(R['j1'],R['j2'])]
        line+=f"; batch 400 docs j1 {med('j1'):.2f}s ({400/med('j1'):.0f} docs/s) j2 {med('j2'):.2f}s ({400/med('j2'):.0f} docs/s), ratio median {statistics.median(ratios):.2f} (rounds {', '.join(f'{x:.2f}' for x in ratios)}), cpu s j1 {med('j1cpu'):.2f} j2 {med('j2cpu'):.2f}"
    print(line)
