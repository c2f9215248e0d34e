create table orders ();
